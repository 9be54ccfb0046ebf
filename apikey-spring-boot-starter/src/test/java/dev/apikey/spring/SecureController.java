package dev.apikey.spring;

import dev.apikey.RequireApiKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /secure}, any valid key: the endpoint of tests about something else than annotations. */
@RestController
class SecureController {
    @GetMapping("/secure")
    @RequireApiKey
    String secure() {
        return "secure";
    }
}
