package com.roadcast.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void theHeaderIsTheTimeAndTheHexHmacOfTimeDotBody() {
        // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_test'
        assertThat(Signature.header("whsec_test", 1_700_000_000L, "{\"id\":\"evt_1\"}"))
                .isEqualTo("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
    }

    @Test
    void anotherSecretTimeOrBodySignsDifferently() {
        String signed = Signature.header("whsec_test", 1_700_000_000L, "{\"id\":\"evt_1\"}");
        assertThat(Signature.header("whsec_tesT", 1_700_000_000L, "{\"id\":\"evt_1\"}")).isNotEqualTo(signed);
        assertThat(Signature.header("whsec_test", 1_700_000_001L, "{\"id\":\"evt_1\"}")).isNotEqualTo(signed);
        assertThat(Signature.header("whsec_test", 1_700_000_000L, "{\"id\":\"evt_2\"}")).isNotEqualTo(signed);
    }
}
