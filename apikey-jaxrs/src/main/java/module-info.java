/** {@code ApiKeyFeature}: API-key authentication for Jakarta REST resources (Jersey, RESTEasy, other runtimes). */
module dev.apikey.jaxrs {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey.http;
    requires transitive dev.apikey.servlet; // ApiKeyPrincipal, the principal of every integration
    requires transitive jakarta.ws.rs;
    requires static jakarta.servlet; // the peer address, in a servlet container only
    requires org.slf4j;

    exports dev.apikey.jaxrs;
}
