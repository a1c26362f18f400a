#!/usr/bin/env bash
# Runs the whole Unison system on this machine: PostgreSQL, a Kafka broker (KRaft), Keycloak and the services.
# Builds what is missing first. Data stays in .unison/ between runs; logs are in .unison/logs/. A part that dies is
# started again; Ctrl-C stops everything. Options: --instances N (N of each service), --no-simulator.
# Kafka signs every client in (SASL_PLAINTEXT, SCRAM-SHA-512, a user per service, ACLs): once ready it prints how a
# client connects (user, password, mechanism); the passwords are made per data directory, in .unison/kafka/users.properties.
set -euo pipefail
cd "$(dirname "$0")"

missing=0
for jar in launcher/target/unison-launcher.jar journey-service/target/quarkus-app/quarkus-run.jar \
           feedback-service/target/quarkus-app/quarkus-run.jar consistency-service/target/quarkus-app/quarkus-run.jar \
           notification-service/target/quarkus-app/quarkus-run.jar launcher/target/keycloak/keycloak.zip; do
  [ -f "$jar" ] || missing=1
done
if [ "$missing" = 1 ] || [ "${UNISON_REBUILD:-0}" = 1 ]; then
  echo "Building Unison (mvn -DskipTests install; the first build downloads dependencies)..."
  mvn -q -B -DskipTests install
fi
exec java -Dunison.home="$PWD" -jar launcher/target/unison-launcher.jar "$@"
