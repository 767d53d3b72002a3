-- Queue definitions, service history with the cursor of its follower, and rejected intake requests.

CREATE TABLE queue_definitions (
  code VARCHAR(16) NOT NULL,
  name VARCHAR(100) NOT NULL,
  prefix VARCHAR(4) NOT NULL,
  is_open TINYINT(1) NOT NULL DEFAULT 1,
  priority_run INT NOT NULL DEFAULT 2,
  max_wait_seconds INT NULL,
  sla_seconds INT NULL,
  capacity INT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per finished ticket segment; the unique event cursor makes a replayed event a no-op.
CREATE TABLE service_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  event_cursor VARCHAR(64) NOT NULL,
  ticket_id VARCHAR(64) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  queue_code VARCHAR(16) NOT NULL,
  number VARCHAR(16) NOT NULL,
  priority VARCHAR(16) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  enqueued_at DATETIME(6) NOT NULL,
  called_at DATETIME(6) NULL,
  started_at DATETIME(6) NULL,
  finished_at DATETIME(6) NOT NULL,
  attendant_id VARCHAR(36) NULL,
  desk VARCHAR(32) NULL,
  recall_count INT NOT NULL DEFAULT 0,
  quoted_wait_seconds INT NULL,
  transferred_from_queue VARCHAR(16) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ux_service_history_event_cursor (event_cursor),
  KEY ix_service_history_ticket (ticket_id),
  KEY ix_service_history_queue_finished (queue_code, finished_at),
  KEY ix_service_history_attendant_finished (attendant_id, finished_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE history_cursor (
  follower VARCHAR(64) NOT NULL,
  event_cursor VARCHAR(64) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (follower)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rejected_requests (
  request_id VARCHAR(64) NOT NULL,
  queue_code VARCHAR(16) NOT NULL,
  reason VARCHAR(32) NOT NULL,
  detail VARCHAR(500) NULL,
  rejected_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  PRIMARY KEY (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
