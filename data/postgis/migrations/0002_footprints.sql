-- Camera footprints built in SQL from azimuth, hfov and range, for QGIS and for checking
-- the engine against PostGIS. The sector is traced on the WGS84 spheroid with ST_Project:
-- the apex, then the arc every step_deg degrees (a full disc for hfov 360).
CREATE FUNCTION camera_sector(apex geometry, azimuth double precision, hfov double precision,
                              range_m double precision, step_deg double precision DEFAULT 1)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH s AS (
        SELECT hfov >= 360 AS disc,
               CASE WHEN hfov >= 360 THEN 0 ELSE azimuth - hfov / 2 END AS a0,
               LEAST(hfov, 360) AS width,
               GREATEST(3, ceil(LEAST(hfov, 360) / step_deg))::int AS n
    ), arc AS (
        -- A disc's ring closes on its first point; a sector's goes through the apex.
        SELECT array_agg(ST_Project(apex::geography, range_m, radians(s.a0 + s.width * i / s.n))::geometry
                         ORDER BY i) AS pts
        FROM s, generate_series(0, CASE WHEN s.disc THEN s.n - 1 ELSE s.n END) AS i
    )
    SELECT ST_SetSRID(ST_MakePolygon(ST_MakeLine(
               CASE WHEN s.disc THEN array_append(arc.pts, arc.pts[1])
                    ELSE array_prepend(apex, array_append(arc.pts, apex)) END)), 4326)
    FROM s, arc
$$;

-- Whether a point lies in a camera's footprint by the exact definition: geodesic distance
-- at most range_m, and geodesic bearing within hfov/2 of the azimuth.
CREATE FUNCTION camera_sees(apex geometry, azimuth double precision, hfov double precision,
                            range_m double precision, pt geometry)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_Distance(apex::geography, pt::geography, true) <= range_m
       AND (hfov >= 360 OR ST_Equals(apex, pt)
            OR abs(mod((degrees(ST_Azimuth(apex::geography, pt::geography)) - azimuth + 540)::numeric, 360) - 180) <= hfov / 2)
$$;

CREATE VIEW camera_footprints AS
    SELECT id, owner, investment, camera_sector(geom, azimuth, hfov, range_m) AS geom
    FROM cameras;
