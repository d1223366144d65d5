"""Reads on a streaming replica, read-your-writes by WAL position (docs/production/replica.md).

`router.ReplicaRouter` sends each query to the primary or the replica;
`middleware.ReplicaReadMiddleware` opens a request's routing state and records its writer's WAL
position afterwards (`positions`); `lsn` holds the pure arithmetic of WAL positions. The
settings install the router and the middleware only when DATABASE_REPLICA_URL is set.
"""
