// Package geo is the geometry kernel of cctvgis: a local metric projection, camera sectors, visibility against occluders, metric grids, the coordinate systems used in China, and the repair and overlay of polygon outlines.
package geo
