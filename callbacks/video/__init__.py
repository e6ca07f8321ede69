"""视频汇聚 video wall (/video): the channel tree, alert linkage, review queue, saved layouts and their renderers."""
