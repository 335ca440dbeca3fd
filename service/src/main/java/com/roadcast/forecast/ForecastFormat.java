package com.roadcast.forecast;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The two forms of a forecast answer: JSON (the default) and CSV, for {@code Accept: text/csv}. */
enum ForecastFormat {
    JSON(MediaType.APPLICATION_JSON, "", PredictResponseWriter::write),
    CSV("text/csv;charset=UTF-8", ":csv", PredictCsvWriter::write);

    static final String CSV_TYPE = "text/csv";
    private static final MediaType CSV_MEDIA_TYPE = MediaType.valueOf(CSV_TYPE);
    private final String contentType;
    private final String keySuffix;
    private final Function<PredictResponse, byte[]> writer;

    ForecastFormat(String contentType, String keySuffix, Function<PredictResponse, byte[]> writer) {
        this.contentType = contentType;
        this.keySuffix = keySuffix;
        this.writer = writer;
    }

    /**
     * The form the client prefers of the two, from its acceptable types as Jersey sorted them (by quality,
     * then specificity), which has refused a client that takes neither: JSON on a tie.
     */
    static ForecastFormat preferred(List<MediaType> acceptable) {
        for (MediaType accepted : acceptable) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return JSON;
            }
            if (accepted.isCompatible(CSV_MEDIA_TYPE)) {
                return CSV;
            }
        }
        return JSON;
    }

    /**
     * The form an {@code Accept} header asks for when it names one plainly (absent, {@code *}{@code /*}, one of
     * the two types); empty for any other, which Jersey negotiates.
     */
    static Optional<ForecastFormat> plainly(@Nullable String accept) {
        if (accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON)) {
            return Optional.of(JSON);
        }
        return accept.equals(CSV_TYPE) ? Optional.of(CSV) : Optional.empty();
    }

    String contentType() {
        return contentType;
    }

    /** What tells this form's cache entries from the other's: nothing for JSON, whose keys predate CSV. */
    String keySuffix() {
        return keySuffix;
    }

    byte[] write(PredictResponse response) {
        return writer.apply(response);
    }
}
