-- The certificate an enrollment issued for the challenge it spent: a handset that lost the
-- answer (server killed after the commit) sends the same request again and gets the same
-- certificate back, instead of enrolling a second time.
ALTER TABLE challenge ADD COLUMN certificate_serial VARCHAR(64);
