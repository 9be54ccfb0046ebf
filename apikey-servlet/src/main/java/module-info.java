/** {@code ApiKeyFilter}: API-key authentication for Jakarta Servlet 6 containers. */
module dev.apikey.servlet {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey.http;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports dev.apikey.servlet;
}
