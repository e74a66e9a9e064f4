-- A road's vertical level: 0 at the surface, below zero underground (tunnels, covered
-- ways), above it on bridges. Cameras stand at the surface and watch no underground road.
ALTER TABLE roads ADD COLUMN level float8 NOT NULL DEFAULT 0
    CHECK (level = trunc(level) AND level BETWEEN -10 AND 10);
