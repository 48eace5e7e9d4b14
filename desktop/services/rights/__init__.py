"""维权诉求: requests, their steps, the list and the yearly summary."""
