// Package geo is the geometry kernel of cctvgis: a local metric projection, camera sectors, visibility against occluders, metric grids and the coordinate systems used in China.
package geo
