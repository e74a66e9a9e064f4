-- The layers of the coverage analysis, in EPSG:4326, as planners also open them in QGIS.
-- The vocabularies (categories, space_kinds) are filled by cctvgis migrate from the
-- taxonomy embedded in the binary, so foreign keys and labels follow one source.

CREATE TABLE categories (
    id   text PRIMARY KEY,
    zh   text NOT NULL,
    en   text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('site', 'road', 'area', 'vehicle'))
);

CREATE TABLE space_kinds (
    id text PRIMARY KEY,
    zh text NOT NULL,
    en text NOT NULL
);

CREATE TABLE districts (
    name text PRIMARY KEY CHECK (name <> ''),
    geom geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom))
);
CREATE INDEX districts_geom ON districts USING gist (geom);

CREATE TABLE sites (
    id       text PRIMARY KEY CHECK (id <> ''),
    category text NOT NULL REFERENCES categories (id),
    name     text NOT NULL DEFAULT '',
    district text NOT NULL DEFAULT '',
    geom     geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom))
);
CREATE INDEX sites_geom ON sites USING gist (geom);

-- Key points of a site (entrances, passages, key parts), in the order they were given.
CREATE TABLE entrances (
    site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    seq     integer NOT NULL CHECK (seq >= 0),
    kind    text NOT NULL DEFAULT '',
    geom    geometry(Point, 4326) NOT NULL,
    PRIMARY KEY (site_id, seq)
);
CREATE INDEX entrances_geom ON entrances USING gist (geom);

CREATE TABLE cameras (
    id         text PRIMARY KEY CHECK (id <> ''),
    geom       geometry(Point, 4326) NOT NULL,
    -- Degrees clockwise from true north.
    azimuth    double precision NOT NULL CHECK (azimuth >= 0 AND azimuth < 360),
    hfov       double precision NOT NULL CHECK (hfov > 0 AND hfov <= 360),
    range_m    double precision NOT NULL CHECK (range_m > 0 AND range_m < 'Infinity'),
    owner      text NOT NULL CHECK (owner <> ''),
    investment text NOT NULL CHECK (investment IN ('government', 'private')),
    height_m   double precision NOT NULL DEFAULT 0 CHECK (height_m >= 0 AND height_m < 'Infinity'),
    status     text NOT NULL DEFAULT ''
);
CREATE INDEX cameras_geom ON cameras USING gist (geom);

CREATE TABLE roads (
    id    text PRIMARY KEY CHECK (id <> ''),
    class text NOT NULL REFERENCES categories (id),
    name  text NOT NULL DEFAULT '',
    geom  geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING') AND ST_IsValid(geom))
);
CREATE INDEX roads_geom ON roads USING gist (geom);

CREATE TABLE occluders (
    id       text PRIMARY KEY CHECK (id <> ''),
    height_m double precision NOT NULL DEFAULT 0 CHECK (height_m >= 0 AND height_m < 'Infinity'),
    geom     geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom))
);
CREATE INDEX occluders_geom ON occluders USING gist (geom);

CREATE TABLE private_spaces (
    id    text PRIMARY KEY CHECK (id <> ''),
    space text NOT NULL REFERENCES space_kinds (id),
    geom  geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom))
);
CREATE INDEX private_spaces_geom ON private_spaces USING gist (geom);
