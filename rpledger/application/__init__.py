"""The application layer: the Cases application (commands and history), the compliance projection and the
read-model interface it writes through, and the DTOs that queries return."""
