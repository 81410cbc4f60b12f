-- Attempts counted per bucket and fixed window (sign-in per account and
-- address, per address; reset links, registrations, uploads): in the
-- database, so every instance on one database counts together.
CREATE TABLE throttle_hits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
