-- The states of cameras that real registries and OpenStreetMap leave open: an unknown
-- investment (nobody recorded who paid), an unknown direction (a fixed camera mapped
-- without one; azimuth and hfov are then placeholders), what the camera watches
-- (surveillance), what it is mounted on, and its vertical level (0 at the surface, below
-- zero underground, as roads.level).
ALTER TABLE cameras DROP CONSTRAINT cameras_investment_check;
ALTER TABLE cameras ADD CONSTRAINT cameras_investment_check
    CHECK (investment IN ('government', 'private', 'unknown'));
ALTER TABLE cameras
    ADD COLUMN direction    text NOT NULL DEFAULT '' CHECK (direction IN ('', 'unknown')),
    ADD COLUMN surveillance text NOT NULL DEFAULT '',
    ADD COLUMN mount        text NOT NULL DEFAULT '',
    ADD COLUMN level        float8 NOT NULL DEFAULT 0
        CHECK (level = trunc(level) AND level BETWEEN -10 AND 10);

-- The footprint view says which sectors are placeholders, so that a map can draw them apart.
CREATE OR REPLACE VIEW camera_footprints AS
    SELECT id, owner, investment, camera_sector(geom, azimuth, hfov, range_m) AS geom, direction
    FROM cameras;
