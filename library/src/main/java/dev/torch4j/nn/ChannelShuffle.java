package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ChannelShuffle(groups)}: ShuffleNet's interleaving of channel groups. */
public class ChannelShuffle extends Module {
    /** The number of groups. */
    public final long groups;

    /** {@code nn.ChannelShuffle(groups)}. */
    public ChannelShuffle(long groups) { this.groups = groups; }

    @Override
    public Tensor forward(Tensor x) { return Functional.channelShuffle(x, groups); }

    @Override
    public String extraRepr() { return "groups=" + groups; }
}
