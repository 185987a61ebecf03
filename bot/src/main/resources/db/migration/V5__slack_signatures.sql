-- Signed Slack requests already accepted (io.helmgate.bot.slack.ReplayGuard), so that a captured
-- request replayed to another replica or after a restart is refused while Slack's five-minute
-- window still accepts its timestamp. Portable SQL: runs unchanged on H2 (PostgreSQL mode) and
-- PostgreSQL.
CREATE TABLE slack_signatures (
    -- SHA-256 (hex) of "timestamp:signature"; the primary key makes "first to insert wins" atomic
    -- across replicas.
    signature_hash  CHAR(64)                  NOT NULL PRIMARY KEY,
    -- When the row may be deleted: a minute after Slack's window closes for its timestamp.
    forget_after    TIMESTAMP WITH TIME ZONE  NOT NULL
);

CREATE INDEX slack_signatures_forget_after ON slack_signatures (forget_after);
