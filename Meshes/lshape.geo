// L-shaped domain [-1,1]^2 minus (0,1]x(0,1] (as Problems/lshape.json), area 3.
// Physical groups: "outer" (the four edges of the enclosing square, length 6),
// "reentrant" (the two edges meeting at the re-entrant corner, length 2),
// "corner" (the re-entrant corner point (0,0)), "domain" (the surface).
// Generate: gmsh -2 -format msh41 lshape.geo -o lshape.msh
lc = 0.1;
Point(1) = {-1, -1, 0, lc};
Point(2) = { 1, -1, 0, lc};
Point(3) = { 1,  0, 0, lc};
Point(4) = { 0,  0, 0, lc};
Point(5) = { 0,  1, 0, lc};
Point(6) = {-1,  1, 0, lc};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 5};
Line(5) = {5, 6};
Line(6) = {6, 1};
Curve Loop(1) = {1, 2, 3, 4, 5, 6};
Plane Surface(1) = {1};
Physical Curve("outer") = {1, 2, 5, 6};
Physical Curve("reentrant") = {3, 4};
Physical Point("corner") = {4};
Physical Surface("domain") = {1};
