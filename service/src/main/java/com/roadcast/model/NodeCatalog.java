package com.roadcast.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The sensors a model knows, in tensor order, with a constant-time id lookup. */
public final class NodeCatalog {
    private final List<BundleMetadata.Node> nodes;
    private final Map<String, Integer> indexById;

    public NodeCatalog(List<BundleMetadata.Node> nodes) throws InvalidBundleException {
        this.nodes = List.copyOf(nodes);
        this.indexById = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (indexById.put(nodes.get(i).id(), i) != null) {
                throw new InvalidBundleException("node id " + nodes.get(i).id() + " appears twice in the catalog");
            }
        }
    }

    public int size() {
        return nodes.size();
    }

    public BundleMetadata.Node get(int index) {
        return nodes.get(index);
    }

    public OptionalInt indexOf(String id) {
        Integer index = id == null ? null : indexById.get(id);
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** True when both catalogs list the same ids in the same order (so stored windows stay valid). */
    public boolean sameNodesAs(NodeCatalog other) {
        if (other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!nodes.get(i).id().equals(other.nodes.get(i).id())) {
                return false;
            }
        }
        return true;
    }
}
