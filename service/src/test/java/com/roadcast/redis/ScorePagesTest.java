package com.roadcast.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ScorePagesTest {
    private final TreeMap<Long, String> set = new TreeMap<>();
    private final List<String> calls = new ArrayList<>();

    private ScorePages<String> pages(long from, long to, int size) {
        return new ScorePages<>(from, to, size, (a, b, count) -> {
            calls.add(a + ".." + b);
            return set.subMap(a, true, b, true).values().stream().limit(count).toList();
        }, item -> Long.parseLong(item.substring(1)));
    }

    private static List<String> all(ScorePages<String> pages) {
        List<String> read = new ArrayList<>();
        pages.forEachRemaining(read::add);
        return read;
    }

    @Test
    void readsTheRangeInOrderAPageAtATime() {
        for (long s = 1; s <= 7; s++) {
            set.put(s * 10, "s" + s * 10);
        }
        assertThat(all(pages(20, 60, 2))).containsExactly("s20", "s30", "s40", "s50", "s60");
        assertThat(calls).containsExactly("20..60", "31..60", "51..60");
    }

    @Test
    void stopsAfterAShortPageWithoutAskingAgain() {
        set.put(5L, "s5");
        ScorePages<String> pages = pages(0, 100, 2);
        assertThat(all(pages)).containsExactly("s5");
        assertThat(pages.hasNext()).isFalse();
        assertThat(calls).hasSize(1);
        assertThatThrownBy(pages::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void itemsAddedBeforeTheNextPageAreReadOnceAndNeverRepeated() {
        set.put(1L, "s1");
        set.put(2L, "s2");
        ScorePages<String> pages = pages(0, 100, 2);
        assertThat(pages.next()).isEqualTo("s1");
        set.put(0L, "s0");
        set.put(3L, "s3");
        assertThat(pages.next()).isEqualTo("s2");
        assertThat(all(pages)).containsExactly("s3");
    }
}
