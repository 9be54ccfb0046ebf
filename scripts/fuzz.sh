#!/usr/bin/env bash
# Fuzzes every @FuzzTest (or those whose method name contains $1) for the duration each declares
# (@FuzzTest(maxDuration = "10m")), one after the other. Findings are written to the test's seed
# directory under src/test/resources (commit them: they then run in every `mvn verify`), the growing
# corpus to .cifuzz-corpus/ (not committed).
#
#   scripts/fuzz.sh                 # all targets, 10 minutes each
#   scripts/fuzz.sh clientAddress   # only the targets whose method name contains "clientAddress"
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"

targets=(
  "apikey-core KeyParsingFuzzTest#formatAndVerifyAgreeWithTheReference"
  "apikey-core KeyParsingFuzzTest#wellFormedKeysAreAcceptedOnlyWhenActive"
  "apikey-core ParsersFuzzTest#cidrParsingRoundTrips"
  "apikey-core ParsersFuzzTest#durationsAndLimitsRoundTrip"
  "apikey-core ParsersFuzzTest#staticKeyEntriesLoadOrSayWhy"
  "apikey-http RequestParsingFuzzTest#keyExtractionFindsOnlyWhatWasSent"
  "apikey-http RequestParsingFuzzTest#clientAddressIsAHopOrThePeer"
  "apikey-http RequestParsingFuzzTest#clientAddressFromWrittenHops"
  "apikey-servlet FilterFuzzTest#filterAnswersOnly2xx4xxOr503"
)

selected=()
for target in "${targets[@]}"; do
  read -r module test <<<"$target"
  [[ -z "$filter" || "${test#*#}" == *"$filter"* ]] && selected+=("$target")
done
if [[ ${#selected[@]} == 0 ]]; then
  echo "no fuzz target's method name contains '$filter'; the targets are:"
  printf '  %s\n' "${targets[@]#* }"
  exit 2
fi

./mvnw -B -ntp -q install -DskipTests
failed=0
for target in "${selected[@]}"; do
  read -r module test <<<"$target"
  echo "== fuzzing $test ($module)"
  if ! JAZZER_FUZZ=1 ./mvnw -B -ntp -q -pl "$module" surefire:test@default-test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false; then
    echo "!! $test found a failing input: see $module/target/surefire-reports and the new file in its seed directory"
    failed=1
  fi
done
exit "$failed"
