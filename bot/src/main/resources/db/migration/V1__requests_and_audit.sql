-- Requests, approvals and the audit trail. Portable SQL: runs unchanged on H2 (PostgreSQL mode)
-- and PostgreSQL.

CREATE SEQUENCE request_number START WITH 1 INCREMENT BY 1;

CREATE TABLE requests (
    id              BIGINT        NOT NULL PRIMARY KEY,
    kind            VARCHAR(16)   NOT NULL,
    customer        VARCHAR(63)   NOT NULL,
    product         VARCHAR(63)   NOT NULL,
    environment     VARCHAR(63)   NOT NULL,
    requester_id    VARCHAR(64)   NOT NULL,
    requester_name  VARCHAR(256)  NOT NULL,
    reason          VARCHAR(2000),
    change_json     TEXT          NOT NULL,
    base_commit     VARCHAR(64),
    source_env      VARCHAR(63),
    rollback_to     VARCHAR(64),
    scheduled_at    TIMESTAMP WITH TIME ZONE,
    break_glass     BOOLEAN       NOT NULL,
    state           VARCHAR(24)   NOT NULL,
    digest          VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    commit_id       VARCHAR(64),
    outcome         VARCHAR(4000),
    channel_id      VARCHAR(64),
    message_ts      VARCHAR(64),
    approvals_required INT        NOT NULL,
    version         BIGINT        NOT NULL
);

CREATE INDEX requests_state ON requests (state);
CREATE INDEX requests_target ON requests (customer, product, environment);

CREATE TABLE approvals (
    request_id      BIGINT        NOT NULL REFERENCES requests (id),
    approver_id     VARCHAR(64)   NOT NULL,
    approver_name   VARCHAR(256)  NOT NULL,
    decision        VARCHAR(16)   NOT NULL,
    roles           VARCHAR(256)  NOT NULL,
    comment         VARCHAR(2000),
    decided_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (request_id, approver_id)
);

-- Append-only and hash-chained: each row carries the hash of the previous one. The application
-- never updates or deletes; in production grant the bot's role INSERT and SELECT only.
CREATE TABLE audit_log (
    seq             BIGINT        NOT NULL PRIMARY KEY,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    request_id      BIGINT,
    actor_id        VARCHAR(64),
    actor_name      VARCHAR(256),
    event_type      VARCHAR(48)   NOT NULL,
    target          VARCHAR(200),
    detail          TEXT          NOT NULL,
    prev_hash       CHAR(64)      NOT NULL,
    hash            CHAR(64)      NOT NULL
);

-- The head of the chain: one row, locked by every append so that appends from several replicas
-- form one chain.
CREATE TABLE audit_head (
    id              INT           NOT NULL PRIMARY KEY,
    seq             BIGINT        NOT NULL,
    hash            CHAR(64)      NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE INDEX audit_log_request ON audit_log (request_id);
CREATE INDEX audit_log_target ON audit_log (target);

CREATE TABLE locks (
    customer        VARCHAR(63)   NOT NULL,
    product         VARCHAR(63)   NOT NULL,
    environment     VARCHAR(63)   NOT NULL,
    owner_id        VARCHAR(64)   NOT NULL,
    owner_name      VARCHAR(256)  NOT NULL,
    reason          VARCHAR(2000) NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer, product, environment)
);
