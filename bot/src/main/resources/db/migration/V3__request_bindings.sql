-- Further facts a request's approval digest is bound to (e.g. resolved image digests), as a JSON
-- array of "name=value" strings; NULL for requests made before there were any.
ALTER TABLE requests ADD COLUMN bindings TEXT;
