/**
 * apikey's core: issuing, hashing, storing, verifying and limiting API keys, with nothing but SLF4J.
 * {@code dev.apikey.internal} is shared with apikey's own modules only and is not API.
 */
module dev.apikey {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires org.slf4j;

    exports dev.apikey;
    exports dev.apikey.internal to
            dev.apikey.http,
            dev.apikey.servlet,
            dev.apikey.cache,
            dev.apikey.jdbc,
            dev.apikey.jaxrs,
            dev.apikey.redis;
}
