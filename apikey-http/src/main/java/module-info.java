/** The framework-neutral HTTP layer every apikey integration is built on. */
module dev.apikey.http {
    requires transitive dev.apikey;
    requires org.slf4j;

    exports dev.apikey.http;
}
