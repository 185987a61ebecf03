-- Certificate checks (io.helmgate.domain.service.Certificates). Portable SQL: runs unchanged on H2
-- (PostgreSQL mode) and PostgreSQL.

-- The last check of each environment's ingress certificate, shown by /deploy status.
CREATE TABLE certificate_checks (
    customer        VARCHAR(63)   NOT NULL,
    product         VARCHAR(63)   NOT NULL,
    environment     VARCHAR(63)   NOT NULL,
    host            VARCHAR(253)  NOT NULL,
    checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- SERVED or UNREACHABLE; the certificate columns are null for UNREACHABLE.
    outcome         VARCHAR(16)   NOT NULL,
    not_after       TIMESTAMP WITH TIME ZONE,
    issuer          VARCHAR(1000),
    subject         VARCHAR(1000),
    names           VARCHAR(4000),
    chain_trusted   BOOLEAN,
    matches_host    BOOLEAN,
    problem         VARCHAR(2000),
    PRIMARY KEY (customer, product, environment)
);

-- Notices sent to a product's channel, once each per certificate. A certificate is known by its
-- not_after: a renewed one starts with none. "unreachable" notices use 1970-01-01 and are deleted
-- when the host answers again.
CREATE TABLE certificate_notices (
    customer        VARCHAR(63)   NOT NULL,
    product         VARCHAR(63)   NOT NULL,
    environment     VARCHAR(63)   NOT NULL,
    not_after       TIMESTAMP WITH TIME ZONE NOT NULL,
    notice          VARCHAR(32)   NOT NULL,
    notified_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer, product, environment, not_after, notice)
);
