package coverage

import "github.com/paulmach/orb"

// packedNode is how many boxes a node of a packedTree bounds.
const packedNode = 16

// packedTree is a static R-tree over boxes that come in a good spatial order (the
// footprints' Hilbert order): each leaf node bounds packedNode consecutive boxes and each
// node above bounds packedNode consecutive nodes of the level below, all in one flat
// array. It is built in one pass over the boxes, which a tree built by insertion is not,
// and a search walks arrays rather than pointers, testing a node's children side by side.
type packedTree struct {
	// boxes holds the items, then the nodes of each level up to the root.
	boxes []orb.Bound
	// levels[l] is where level l starts in boxes (the items are level 0); the last entry
	// is len(boxes).
	levels []int
}

// packedCap is the room a slice of n items needs for newPackedTree to build the tree in
// it.
func packedCap(n int) int {
	total := n
	for level := n; level > 1; {
		level = (level + packedNode - 1) / packedNode
		total += level
	}
	return total
}

// newPackedTree builds the tree over items and takes them: with packedCap(len(items))
// room, the nodes are appended after them in place; otherwise the items are copied.
func newPackedTree(items []orb.Bound) packedTree {
	n := len(items)
	t := packedTree{boxes: items, levels: []int{0}}
	if cap(items) < packedCap(n) {
		t.boxes = make([]orb.Bound, n, packedCap(n))
		copy(t.boxes, items)
	}
	for start, end := 0, n; end-start > 1; start, end = end, len(t.boxes) {
		t.levels = append(t.levels, end)
		for i := start; i < end; i += packedNode {
			b := t.boxes[i]
			for _, c := range t.boxes[i+1 : min(i+packedNode, end)] {
				b.Min[0], b.Min[1] = min(b.Min[0], c.Min[0]), min(b.Min[1], c.Min[1])
				b.Max[0], b.Max[1] = max(b.Max[0], c.Max[0]), max(b.Max[1], c.Max[1])
			}
			t.boxes = append(t.boxes, b)
		}
	}
	t.levels = append(t.levels, len(t.boxes))
	return t
}

// search calls fn with the index of every item whose box meets [lo, hi] (edges
// included), until fn returns false.
func (t *packedTree) search(lo, hi orb.Point, fn func(int32) bool) {
	meets := func(b *orb.Bound) bool {
		return b.Min[0] <= hi[0] && b.Max[0] >= lo[0] && b.Min[1] <= hi[1] && b.Max[1] >= lo[1]
	}
	top := len(t.levels) - 2
	if top <= 0 {
		for i := range t.boxes {
			if meets(&t.boxes[i]) && !fn(int32(i)) {
				return
			}
		}
		return
	}
	// A node is its index in boxes and its level; the stack holds at most 15 siblings
	// a level, and a tree of 2³¹ items has 8 levels.
	type node struct{ level, i int32 }
	var stack [8 * packedNode]node
	stack[0] = node{int32(top), int32(t.levels[top])}
	for n := 1; n > 0; {
		n--
		nd := stack[n]
		below := int(nd.level) - 1
		first := t.levels[below] + (int(nd.i)-t.levels[nd.level])*packedNode
		last := min(first+packedNode, t.levels[below+1])
		for c := first; c < last; c++ {
			if !meets(&t.boxes[c]) {
				continue
			}
			if below == 0 {
				if !fn(int32(c)) {
					return
				}
				continue
			}
			stack[n] = node{int32(below), int32(c)}
			n++
		}
	}
}
