-- Users, their queues, refresh tokens and the audit log. Personal data (full name, e-mail) is stored as
-- AES-256-GCM envelopes (VARBINARY); the blind index of the e-mail keeps it unique without storing it in clear.
-- Ids are VARCHAR(36), never CHAR(36): MySql.Data reads every CHAR(36) column as a System.Guid.

CREATE TABLE users (
  id VARCHAR(36) NOT NULL,
  user_name VARCHAR(64) NOT NULL,
  role VARCHAR(16) NOT NULL,
  full_name VARBINARY(1024) NULL,
  email VARBINARY(1024) NULL,
  email_index BINARY(32) NULL,
  default_desk VARCHAR(32) NULL,
  password_hash VARCHAR(512) NOT NULL,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ux_users_user_name (user_name),
  UNIQUE KEY ux_users_email_index (email_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_queues (
  user_id VARCHAR(36) NOT NULL,
  queue_code VARCHAR(16) NOT NULL,
  PRIMARY KEY (user_id, queue_code),
  KEY ix_user_queues_queue (queue_code),
  CONSTRAINT fk_user_queues_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  token_hash BINARY(32) NOT NULL,
  family_id CHAR(32) NOT NULL,
  user_id VARCHAR(36) NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  revoked_at DATETIME(6) NULL,
  revoked_reason VARCHAR(32) NULL,
  PRIMARY KEY (token_hash),
  KEY ix_refresh_tokens_family (family_id),
  KEY ix_refresh_tokens_user (user_id),
  CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT,
  occurred_at DATETIME(6) NOT NULL,
  action VARCHAR(64) NOT NULL,
  actor_id VARCHAR(36) NULL,
  subject_type VARCHAR(32) NULL,
  subject_id VARCHAR(64) NULL,
  detail VARCHAR(1000) NULL,
  PRIMARY KEY (id),
  KEY ix_audit_log_occurred (occurred_at),
  KEY ix_audit_log_action (action, occurred_at),
  KEY ix_audit_log_subject (subject_type, subject_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
