/** {@code CachingKeyStore}: a Caffeine cache in front of any apikey key store. */
module dev.apikey.cache {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey;
    requires com.github.benmanes.caffeine;

    exports dev.apikey.cache;
}
