/** {@code CachingKeyStore}: a Caffeine cache in front of any apikey key store. */
module dev.apikey.cache {
    requires transitive dev.apikey;
    requires com.github.benmanes.caffeine;

    exports dev.apikey.cache;
}
