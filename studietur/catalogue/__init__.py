"""The trip catalogue: records of trips, visits and proposed destinations, how they are read from reports, stored, looked up, browsed and exported."""
