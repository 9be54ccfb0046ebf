/** The framework-neutral HTTP layer every apikey integration is built on. */
module dev.apikey.http {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey;
    requires org.slf4j;

    exports dev.apikey.http;
}
