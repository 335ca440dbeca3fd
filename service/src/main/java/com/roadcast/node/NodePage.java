package com.roadcast.node;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of {@code GET /v1/nodes}. */
@Schema(description = "One page of the node catalog")
public record NodePage(
        @Schema(description = "Nodes in the catalog", example = "207") int total,
        @Schema(description = "Index of this page's first node", example = "0") int offset,
        @Schema(description = "Page size asked for", example = "2") int limit,
        @Schema(description = "The page's nodes, in catalog order") List<NodeView> nodes) {}
