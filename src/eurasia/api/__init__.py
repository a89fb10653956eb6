"""HTTP service: FastAPI app factory, dependencies, schemas and one router per resource."""
