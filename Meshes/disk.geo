// Unit disk x^2 + y^2 <= 1, area pi, meshed with quadratic elements (6-node triangles, 3-node
// boundary lines) whose boundary edge nodes lie on the circle.
// Physical groups: "boundary" (the circle), "domain" (the surface).
// Generate: gmsh -2 -order 2 -format msh41 disk.geo -o disk_p2.msh
// (or, with Gmsh's library only: /tmp/gmsh_mesh disk.geo disk_p2.msh 2 2; see scripts/gmsh_mesh.c)
lc = 0.2;
Point(1) = {0, 0, 0, lc};
Point(2) = {1, 0, 0, lc};
Point(3) = {0, 1, 0, lc};
Point(4) = {-1, 0, 0, lc};
Point(5) = {0, -1, 0, lc};
Circle(1) = {2, 1, 3};
Circle(2) = {3, 1, 4};
Circle(3) = {4, 1, 5};
Circle(4) = {5, 1, 2};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Physical Curve("boundary") = {1, 2, 3, 4};
Physical Surface("domain") = {1};
