// Unit cube [0,1]^3, volume 1, coarse tetrahedral mesh.
// Physical groups: "bottom" (z = 0), "top" (z = 1), "sides" (the other four faces), "domain" (the volume).
// Generate: gmsh -3 -format msh41 cube.geo -o cube.msh
// Quadratic (10-node tetrahedra, cube_p2.msh): gmsh -3 -order 2 -format msh41 cube.geo -o cube_p2.msh
lc = 0.25;
Point(1) = {0, 0, 0, lc};
Point(2) = {1, 0, 0, lc};
Point(3) = {1, 1, 0, lc};
Point(4) = {0, 1, 0, lc};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
out[] = Extrude {0, 0, 1} { Surface{1}; };
// out[0] is the top face, out[1] the volume, out[2..5] the side faces.
Physical Surface("bottom") = {1};
Physical Surface("top") = {out[0]};
Physical Surface("sides") = {out[2], out[3], out[4], out[5]};
Physical Volume("domain") = {out[1]};
