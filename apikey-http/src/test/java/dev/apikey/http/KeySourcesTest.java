package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySourcesTest {

    private final KeySources query = new KeySources(Set.of(), "api_key");

    @Test
    void theVisibleQueryLosesEveryOccurrenceOfTheParameterByItsDecodedName() {
        assertThat(query.visibleQuery("a=1&api_key=k&b=2&api%5Fkey=k2")).isEqualTo("a=1&b=2");
        assertThat(query.visibleQuery("api_key=k")).isNull();
        assertThat(query.visibleQuery("a=1")).isEqualTo("a=1");
        assertThat(query.visibleQuery(null)).isNull();
        assertThat(KeySources.NONE.visibleQuery("api_key=k")).isEqualTo("api_key=k");
    }

    @Test
    void theVisibleUriKeepsEveryOtherPartByteForByte() {
        URI uri = URI.create("http://user@host:8080/a%2Fb;m=1/c?cursor=YWJj==&x=%7Bz%7D&api_key=k&y=%2B%26#frag%20x");
        assertThat(query.visibleUri(uri))
                .hasToString("http://user@host:8080/a%2Fb;m=1/c?cursor=YWJj==&x=%7Bz%7D&y=%2B%26#frag%20x");
        assertThat(query.visibleUri(URI.create("/relative/path?api_key=k"))).hasToString("/relative/path");
    }

    @Test
    void aUriWithoutTheKeyIsReturnedItself() {
        URI uri = URI.create("http://host/p?a=1");
        assertThat(query.visibleUri(uri)).isSameAs(uri);
        URI noQuery = URI.create("http://host/p");
        assertThat(query.visibleUri(noQuery)).isSameAs(noQuery);
        assertThat(KeySources.NONE.visibleUri(URI.create("http://host/p?api_key=k")))
                .hasToString("http://host/p?api_key=k");
    }
}
