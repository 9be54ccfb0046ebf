package com.example;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** How to test a protected endpoint: issue a key from the application's ApiKeys bean and send it. */
@SpringBootTest
@AutoConfigureMockMvc
class SpringBootQuickStartTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiKeys apiKeys;

    @Test
    void aKeyOpensTheEndpoint() throws Exception {
        String key = apiKeys.issue(KeySpec.builder("test").build()).secret();

        mvc.perform(get("/secure-data").header("X-API-Key", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data").value("This is secured data"));
    }

    @Test
    void withoutAKeyTheAnswerIs401() throws Exception {
        mvc.perform(get("/secure-data"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("missing_api_key"));
    }
}
