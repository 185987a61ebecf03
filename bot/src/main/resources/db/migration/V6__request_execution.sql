-- Where a request's execution is (issue 16): the current step, how often it has run, since when,
-- and the outputs of the steps before it (commit, sync marker and revision, drained members) as a
-- JSON object. Resuming after a crash, or on another replica, runs the current step again; progress
-- is never read back from the audit trail or from git. commit_id stays, copied from the outputs,
-- for queries and exports that read it.
ALTER TABLE requests ADD COLUMN execution_step VARCHAR(64);
ALTER TABLE requests ADD COLUMN execution_attempt INT;
ALTER TABLE requests ADD COLUMN execution_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE requests ADD COLUMN execution_outputs TEXT;
