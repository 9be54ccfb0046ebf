#!/usr/bin/env bash
# Formats all Java code the build checks (Spotless with palantir-java-format). The quick-start projects under
# examples/ are left as users paste them (they have no parent, so no Spotless).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q spotless:apply \
  -pl '!examples/core-quickstart,!examples/jetty-quickstart,!examples/tomcat-quickstart,!examples/sql-quickstart,!examples/spring-boot-quickstart,!examples/jaxrs-quickstart'
