"""Gracious replies to rejections: drafted, checked for tone and safety, never sent."""
