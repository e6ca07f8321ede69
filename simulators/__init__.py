"""Simulated Lingwu: static city (seed), calibrated feeds, backfill and live modes; writes via data_access."""
