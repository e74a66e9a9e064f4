-- The box in degrees that holds everything a camera can see: range_m metres each way,
-- converted with the shortest degree of latitude (110,574 m, at the equator) and the
-- shortest degree of longitude at the camera's latitude plus 0.01° (a degree of longitude
-- is at least 111,319 m · cos φ). Indexed, it lets a query find the cameras that may see
-- a point with one GiST probe, each with its own range, before the exact test.
CREATE FUNCTION camera_reach(apex geometry, range_m double precision)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_Expand(apex,
                     range_m / (111319.0 * cos(radians(least(abs(ST_Y(apex)) + 0.01, 89.9)))),
                     range_m / 110574.0)
$$;

CREATE INDEX cameras_reach ON cameras USING gist (camera_reach(geom, range_m));
