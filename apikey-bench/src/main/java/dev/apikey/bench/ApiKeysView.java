package dev.apikey.bench;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyHash;
import java.util.List;

/** The stored hashes of a benchmark's keys, to fill the floor's map with the same data. */
record ApiKeysView(KeyHash hash) {

    static List<ApiKeysView> of(ApiKeys apiKeys) {
        return apiKeys.list().stream().map(ApiKey::hash).map(ApiKeysView::new).toList();
    }
}
