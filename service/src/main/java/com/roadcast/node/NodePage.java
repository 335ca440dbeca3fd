package com.roadcast.node;

import java.util.List;

/** One page of {@code GET /v1/nodes}. */
public record NodePage(int total, int offset, int limit, List<NodeView> nodes) {}
