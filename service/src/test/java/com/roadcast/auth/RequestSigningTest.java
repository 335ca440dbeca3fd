package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.RequestSigner;
import com.roadcast.web.RequestAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The signed string, the header's form and the verdicts, against signatures made from the documented algorithm. */
class RequestSigningTest {
    private static final String KEY = "rc_abcdefghij_" + "A".repeat(43);
    private static final long NOW = 1_790_000_000L;
    private static final byte[] BODY = "{\"horizons\":[3]}".getBytes(StandardCharsets.UTF_8);
    private static final SignedContent PREDICT = new SignedContent("POST", "/v1/predict", BODY);
    private final RequestSigning signing = new RequestSigning(
            new SeenSignatures(Optional.empty(), "test:", Duration.ofMinutes(6)),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private static RequestAttributes attributes() {
        Map<String, Object> map = new HashMap<>();
        return new RequestAttributes(map::get, map::put);
    }

    private Optional<RequestSigning.Failure> check(String header, SignedContent content) {
        return signing.checkOnce(attributes(), KEY, header, () -> content);
    }

    @Test
    void theSignedStringIsTimeMethodTargetAndRawBodyJoinedByDots() {
        byte[] notUtf8 = {'{', (byte) 0xff, (byte) 0xfe, '}'};
        for (SignedContent content : List.of(PREDICT, new SignedContent("GET", "/v1/nodes?limit=2&offset=%32", new byte[0]),
                new SignedContent("POST", "/v1/observations", notUtf8))) {
            assertThat("t=" + NOW + ",v1=" + content.sign(KEY, NOW)).isEqualTo(
                    RequestSigner.header(KEY, NOW, content.method(), content.target(), content.body()));
        }
        // printf '%s' '1790000000.GET./v1/model.' | openssl dgst -sha256 -hmac 'rc_abcdefghij_AAA…' (43 A)
        assertThat(new SignedContent("GET", "/v1/model", new byte[0]).sign(KEY, NOW))
                .isEqualTo("21afefc3df1c8cee838f35d174cfee2662a61402b9fc196448a90c6b80239ceb");
    }

    @Test
    void theTargetIsThePathAndTheRawQueryWhenThereIsOne() {
        assertThat(SignedContent.target("/v1/nodes", null)).isEqualTo("/v1/nodes");
        assertThat(SignedContent.target("/v1/nodes", "limit=2&x=a%20b")).isEqualTo("/v1/nodes?limit=2&x=a%20b");
        assertThat(SignedContent.target("/v1/nodes", "")).isEqualTo("/v1/nodes?");
    }

    @Test
    void theHeaderIsTimeAndSixtyFourHexDigitsInAnyOrderWithOtherPairsIgnored() {
        String hex = "0123456789abcdef".repeat(4);
        assertThat(SignatureHeader.parse("t=1790000000,v1=" + hex)).contains(new SignatureHeader(NOW, hex));
        assertThat(SignatureHeader.parse(" v1=" + hex.toUpperCase() + " , t=1790000000 ")).contains(new SignatureHeader(NOW, hex));
        assertThat(SignatureHeader.parse("t=1790000000,v0=zz,v1=" + hex)).contains(new SignatureHeader(NOW, hex));
        for (String bad : List.of("", "t=1790000000", "v1=" + hex, "t=abc,v1=" + hex, "t=-1,v1=" + hex,
                "t=1790000000,v1=" + hex.substring(1), "t=1790000000,v1=" + hex + "0", "t=1790000000,v1=" + hex.replace('a', 'g'),
                "t=1,t=2,v1=" + hex, "t=1790000000,v1=" + hex + ",v1=" + hex, "t=1790000000;v1=" + hex,
                "t=1790000000,v1=" + hex + ",", "t=1234567890123,v1=" + hex)) {
            assertThat(SignatureHeader.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void aGoodSignatureIsAcceptedOnceAndItsVerdictKeptWithTheRequest() {
        String header = RequestSigner.header(KEY, NOW, "POST", "/v1/predict", BODY);
        RequestAttributes request = attributes();
        AtomicInteger reads = new AtomicInteger();
        RequestSigning.Content<RuntimeException> counted = () -> {
            reads.incrementAndGet();
            return PREDICT;
        };
        assertThat(signing.checkOnce(request, KEY, header, counted)).isEmpty();
        assertThat(signing.checkOnce(request, KEY, header, counted)).as("the same request, checked again").isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(check(header, PREDICT)).as("another request with it").contains(RequestSigning.Failure.REPLAYED);
    }

    @Test
    void theTimeMayBeFiveMinutesOldAndThirtySecondsAheadNoMore() {
        assertThat(check(RequestSigner.header(KEY, NOW - 300, "POST", "/v1/predict", BODY), PREDICT)).isEmpty();
        assertThat(check(RequestSigner.header(KEY, NOW - 301, "POST", "/v1/predict", BODY), PREDICT))
                .contains(RequestSigning.Failure.STALE);
        assertThat(check(RequestSigner.header(KEY, NOW + 30, "POST", "/v1/predict", BODY), PREDICT)).isEmpty();
        assertThat(check(RequestSigner.header(KEY, NOW + 31, "POST", "/v1/predict", BODY), PREDICT))
                .contains(RequestSigning.Failure.AHEAD);
    }

    @Test
    void anythingAlteredOrMissingIsRefusedWithItsOwnReason() {
        String header = RequestSigner.header(KEY, NOW, "POST", "/v1/predict", BODY);
        byte[] other = "{\"horizons\":[4]}".getBytes(StandardCharsets.UTF_8);
        assertThat(check(header, new SignedContent("POST", "/v1/predict", other))).contains(RequestSigning.Failure.MISMATCH);
        assertThat(check(header, new SignedContent("PUT", "/v1/predict", BODY))).contains(RequestSigning.Failure.MISMATCH);
        assertThat(check(header, new SignedContent("POST", "/v1/predict?x=1", BODY))).contains(RequestSigning.Failure.MISMATCH);
        assertThat(check(RequestSigner.header("rc_abcdefghij_" + "B".repeat(43), NOW, "POST", "/v1/predict", BODY), PREDICT))
                .contains(RequestSigning.Failure.MISMATCH);
        assertThat(check(null, PREDICT)).contains(RequestSigning.Failure.MISSING);
        assertThat(check(" ", PREDICT)).contains(RequestSigning.Failure.MISSING);
        assertThat(check("t=" + NOW, PREDICT)).contains(RequestSigning.Failure.MALFORMED);
        assertThat(check(header, PREDICT)).as("refusals used nothing up").isEmpty();
        assertThat(List.of(RequestSigning.Failure.values())).extracting(RequestSigning.Failure::message).doesNotHaveDuplicates();
    }
}
