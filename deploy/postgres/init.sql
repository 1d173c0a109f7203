-- One database, one schema + login role per service, and the shared schema `tiny` (Tiny's rate
-- budget, used by every service that calls Tiny). Run once as a superuser, e.g. by the postgres
-- image from /docker-entrypoint-initdb.d (docker-compose.yml).
-- Passwords here are DEVELOPMENT ONLY: set real ones from your secret store
-- (ALTER ROLE config PASSWORD '...') and put them in each service's DATABASE_URL.

CREATE DATABASE uplaces;
\connect uplaces

CREATE ROLE config   LOGIN PASSWORD 'config';
CREATE ROLE gateway  LOGIN PASSWORD 'gateway';
CREATE ROLE catalog  LOGIN PASSWORD 'catalog';
CREATE ROLE dispatch LOGIN PASSWORD 'dispatch';

-- CREATE on the database only because migrations run `CREATE SCHEMA IF NOT EXISTS`, which
-- PostgreSQL checks even when the schema exists; each role still owns nothing but its own schema.
GRANT CONNECT, CREATE ON DATABASE uplaces TO config, gateway, catalog, dispatch;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Each service owns its schema: its migrations create the tables (outbox, inbox, dead letters, ...).
CREATE SCHEMA config   AUTHORIZATION config;
CREATE SCHEMA gateway  AUTHORIZATION gateway;
CREATE SCHEMA catalog  AUTHORIZATION catalog;
CREATE SCHEMA dispatch AUTHORIZATION dispatch;

-- Role names equal schema names, so the default search_path ("$user", public) finds each one.
ALTER ROLE config   SET search_path = config, public;
ALTER ROLE gateway  SET search_path = gateway, public;
ALTER ROLE catalog  SET search_path = catalog, public;
ALTER ROLE dispatch SET search_path = dispatch, public;

-- Shared Tiny rate budget: owned by the group role `tiny`; the three services that call Tiny are
-- members and inherit its rights. Objects in this schema must be owned by `tiny` (create them after
-- SET LOCAL ROLE tiny), so that whichever service boots first, the others can still replace them.
CREATE ROLE tiny NOLOGIN;
CREATE SCHEMA tiny AUTHORIZATION tiny;
GRANT tiny TO config, catalog, dispatch;

-- Advisory locks (migrations, relay) need nothing more; pg_advisory_lock is available to all roles.
