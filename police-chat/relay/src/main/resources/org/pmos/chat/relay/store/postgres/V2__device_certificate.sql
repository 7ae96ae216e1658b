-- Which device a certificate belongs to (the CRL names serial numbers only), kept from the
-- device's first connection until its revocation has been announced to its groups.
CREATE TABLE device_certificate (
    serial numeric PRIMARY KEY,
    device text    NOT NULL
);

-- Revocation looks up a device's groups.
CREATE INDEX relay_group_members ON relay_group USING gin (members);
