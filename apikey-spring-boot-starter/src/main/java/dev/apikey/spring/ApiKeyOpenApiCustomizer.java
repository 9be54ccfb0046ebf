package dev.apikey.spring;

import dev.apikey.http.EndpointRequirement;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document springdoc builds, told about API keys: a security scheme {@code apiKey} (the key header),
 * required by exactly the operations that need a key — by their handler's annotations, else by the path rules and
 * the default, as requests are decided — with the scopes they need as {@code x-apikey-scopes}.
 */
final class ApiKeyOpenApiCustomizer implements GlobalOperationCustomizer, GlobalOpenApiCustomizer {

    /** The name of the security scheme in the document. */
    static final String SCHEME = "apiKey";

    /** Marks an operation whose handler's annotations said nothing, for the path rules to decide once paths are known. */
    private static final String BY_PATH = "x-apikey-by-path";

    private final HandlerRequirements requirements;
    private final String headerName;

    ApiKeyOpenApiCustomizer(HandlerRequirements requirements, String headerName) {
        this.requirements = requirements;
        this.headerName = headerName;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        Optional<EndpointRequirement> annotated = requirements.annotationsOf(handlerMethod);
        if (annotated.isPresent()) {
            require(operation, annotated.get());
        } else {
            operation.addExtension(BY_PATH, Boolean.TRUE);
        }
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(
                        SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name(headerName)
                                .description("An API key (prefix_…), sent in the " + headerName + " header"));
        if (openApi.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Operation operation : path.getValue().readOperations()) {
                Map<String, Object> extensions = operation.getExtensions();
                if (extensions != null && extensions.remove(BY_PATH) != null) {
                    require(operation, requirements.byPath(path.getKey()));
                    if (extensions.isEmpty()) {
                        operation.setExtensions(null);
                    }
                }
            }
        }
    }

    private static void require(Operation operation, EndpointRequirement requirement) {
        if (requirement.access() != EndpointRequirement.Access.REQUIRE) {
            return;
        }
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        if (!requirement.scopes().isEmpty()) {
            operation.addExtension(
                    "x-apikey-scopes",
                    Map.of(
                            "scopes",
                            List.copyOf(requirement.scopes()),
                            "match",
                            requirement.match().name().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
