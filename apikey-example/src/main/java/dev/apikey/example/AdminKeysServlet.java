package dev.apikey.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.HumanDuration;
import dev.apikey.IssuedKey;
import dev.apikey.KeyFormat;
import dev.apikey.KeySpec;
import dev.apikey.KeyStoreException;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RequireApiKey;
import dev.apikey.SafeText;
import dev.apikey.servlet.ApiKeyPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/keys} (scope {@code keys:admin}): {@code GET} lists keys, {@code POST} issues one,
 * {@code DELETE /admin/keys/{id}} revokes, {@code POST /admin/keys/{id}/rotate} rotates. A new key is in the
 * response once and nowhere else. A key created or rotated here never holds more than the admin key asking
 * ({@link CreatorBounds}).
 */
@RequireApiKey(scopes = "keys:admin")
public final class AdminKeysServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> CREATE_FIELDS =
            Set.of("name", "scopes", "expiresIn", "allowedNetworks", "metadata", "rateLimit", "quota");

    private final transient ApiKeys apiKeys;

    AdminKeysServlet(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isCollection(request)) {
            notFound(response);
            return;
        }
        Instant now = Instant.now();
        handle(
                response,
                () -> JsonResponses.json(
                        response,
                        200,
                        apiKeys.list().stream()
                                .map(key -> Json.describe(key, now))
                                .toList()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(response, () -> {
            if (isCollection(request)) {
                create(request, response);
                return;
            }
            String[] parts = segments(request);
            if (parts.length == 2 && parts[1].equals("rotate")) {
                rotate(parts[0], request, response);
            } else {
                notFound(response);
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = segments(request);
        if (parts.length != 1) {
            notFound(response);
            return;
        }
        handle(response, () -> {
            Optional<ApiKey> revoked = KeyReference.resolve(apiKeys, parts[0]).flatMap(apiKeys::revoke);
            if (revoked.isEmpty()) {
                unknownKey(response, parts[0]);
            } else {
                JsonResponses.json(response, 200, Json.describe(revoked.get(), Instant.now()));
            }
        });
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = readObject(request);
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!CREATE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field " + SafeText.quoted(field)
                        + "; fields are name, scopes," + " expiresIn, allowedNetworks, metadata, rateLimit and quota");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("name is required: a string saying who uses the key");
        }
        KeySpec.Builder spec = KeySpec.builder(name.asText());
        spec.scopes(strings(body, "scopes"));
        spec.allowedNetworks(strings(body, "allowedNetworks").toArray(String[]::new));
        JsonNode expiresIn = body.get("expiresIn");
        if (expiresIn != null && !expiresIn.isNull()) {
            if (!expiresIn.isTextual()) {
                throw new IllegalArgumentException("expiresIn must be a string such as \"90d\"");
            }
            spec.expiresIn(HumanDuration.parse(expiresIn.asText()));
        }
        JsonNode rateLimit = body.get("rateLimit");
        if (rateLimit != null && !rateLimit.isNull()) {
            if (!rateLimit.isTextual()) {
                throw new IllegalArgumentException("rateLimit must be a string such as \"100/1s\"");
            }
            spec.rateLimit(RateLimit.parse(rateLimit.asText()));
        }
        JsonNode quota = body.get("quota");
        if (quota != null && !quota.isNull()) {
            if (!quota.isTextual()) {
                throw new IllegalArgumentException("quota must be a string such as \"10000/month\"");
            }
            spec.quota(Quota.parse(quota.asText()));
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw new IllegalArgumentException("metadata must be an object of strings");
            }
            for (Iterator<String> keys = metadata.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!metadata.get(key).isTextual()) {
                    throw new IllegalArgumentException("metadata values must be strings");
                }
                spec.metadata(key, metadata.get(key).asText());
            }
        }
        IssuedKey issued = apiKeys.issue(creatorBounds(request).bound(spec.build(), Instant.now()));
        response.setHeader("Location", request.getContextPath() + "/admin/keys/" + issued.id());
        JsonResponses.secret(response, 201, Json.issued(issued, Instant.now()));
    }

    private void rotate(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Duration grace = Duration.ZERO;
        if (request.getContentLengthLong() != 0) {
            JsonNode body = readObjectOrEmpty(request);
            JsonNode value = body.get("grace");
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException("grace must be a string such as \"1h\"");
                }
                grace = HumanDuration.parse(value.asText());
            }
        }
        Duration chosenGrace = grace;
        CreatorBounds bounds = creatorBounds(request);
        Optional<IssuedKey> replacement = KeyReference.resolve(apiKeys, id)
                .flatMap(apiKeys::find)
                .flatMap(rotated -> {
                    bounds.checkRotation(rotated);
                    return apiKeys.rotate(rotated.id(), chosenGrace);
                });
        if (replacement.isEmpty()) {
            unknownKey(response, id);
        } else {
            JsonResponses.secret(response, 201, Json.issued(replacement.get(), Instant.now()));
        }
    }

    /** The admin key of this request, whose rights bound what it creates. */
    private CreatorBounds creatorBounds(HttpServletRequest request) {
        return new CreatorBounds(ApiKeyPrincipal.from(request)
                .flatMap(principal -> apiKeys.find(principal.id()))
                .orElseThrow(() -> new CreatorBounds.ExceedsCreatorException("the admin key of this request is gone")));
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        List<String> strings = new ArrayList<>();
        if (value == null || value.isNull()) {
            return strings;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(field + " must be an array of strings");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    private static JsonNode readObjectOrEmpty(HttpServletRequest request) throws IOException {
        String text = readBody(request);
        return text.isBlank() ? Json.MAPPER.createObjectNode() : parseObject(text);
    }

    private static JsonNode readObject(HttpServletRequest request) throws IOException {
        return parseObject(readBody(request));
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(
                        "the body must be a JSON object, e.g. {\"name\":\"billing\",\"scopes\":[\"reports:read\"]}");
            }
            return node;
        } catch (JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
            throw new IllegalArgumentException("the body is not valid JSON"
                    + (location == null
                            ? ""
                            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
    }

    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static boolean isCollection(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null || pathInfo.equals("/");
    }

    private static String[] segments(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null || pathInfo.length() < 2) {
            return new String[0];
        }
        return pathInfo.substring(1).split("/", -1);
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        JsonResponses.problem(
                response,
                404,
                "not_found",
                "Not found",
                "Use GET or POST /admin/keys, DELETE /admin/keys/{id} or POST /admin/keys/{id}/rotate.");
    }

    private static void unknownKey(HttpServletResponse response, String id) throws IOException {
        JsonResponses.problem(
                response, 404, "unknown_key", "Unknown key", "There is no key " + SafeText.quoted(id) + ".");
    }

    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    /** Runs an action, turning bad input into 400, a conflicting state into 409, a broken store into 503. */
    private static void handle(HttpServletResponse response, Action action) throws IOException {
        try {
            action.run();
        } catch (CreatorBounds.ExceedsCreatorException e) {
            JsonResponses.problem(
                    response, 403, "exceeds_creator", "Beyond the admin key's own rights", e.getMessage());
        } catch (IllegalArgumentException e) {
            JsonResponses.problem(response, 400, "bad_request", "Bad request", e.getMessage());
        } catch (IllegalStateException e) {
            JsonResponses.problem(response, 409, "conflict", "Conflict", e.getMessage());
        } catch (KeyStoreException e) {
            JsonResponses.problem(response, 503, "store_unavailable", "Key store unavailable", "Retry later.");
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(AdminKeysServlet.class)
                    .error("admin request failed: {}", KeyFormat.redact(e.toString()));
            JsonResponses.problem(
                    response, 500, "internal_error", "Internal error", "The request could not be handled.");
        }
    }
}
