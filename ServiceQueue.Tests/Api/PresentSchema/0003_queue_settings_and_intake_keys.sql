-- The rest of the Broker's queue definition (recalls, time zone), and the Idempotency-Key of each
-- POST /service-requests with the hash of its body, so a repeat is recognised and a reuse refused.

ALTER TABLE queue_definitions
  ADD COLUMN recall_limit INT NOT NULL DEFAULT 2,
  ADD COLUMN recall_min_interval_seconds INT NOT NULL DEFAULT 20,
  ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC';

CREATE TABLE intake_keys (
  request_id VARCHAR(64) NOT NULL,
  body_hash BINARY(32) NOT NULL,
  queue_code VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  confirmed_at DATETIME(6) NULL,
  PRIMARY KEY (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
