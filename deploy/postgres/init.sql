-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d/), as POSTGRES_USER.
-- One database per service that keeps tables; each service's Flyway migrations create its schema at start.
-- consistency-service keeps its state in Kafka (state stores with changelogs) and has no database.
CREATE DATABASE journey;
CREATE DATABASE feedback;
CREATE DATABASE notification;
